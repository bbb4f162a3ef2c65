const db = require('./db');

async function listOrders({ status, minTotal }) {
  const query = db('orders as o')
    .join('customers as c', 'c.id', 'o.customer_id')
    .select('o.id', 'o.status', 'o.total', 'c.email as customer_email')
    .orderBy('o.created_at', 'desc');
  if (status) query.where('o.status', status);
  if (minTotal) query.where('o.total', '>=', minTotal);
  return query;
}

async function createOrder(customerId, items) {
  return db.transaction(async (trx) => {
    const [order] = await trx('orders').insert({ customer_id: customerId, status: 'new' }).returning(['id', 'created_at']);
    await trx('order_items').insert(items.map((i) => ({ order_id: order.id, product_id: i.productId, quantity: i.quantity })));
    await trx('events').withSchema('audit').insert({ action: 'order.created', payload: { id: order.id } });
    return order;
  });
}

async function cancelOrder(id) {
  await db('orders').where({ id, status: 'new' }).update({ status: 'cancelled' });
  await db('order_items').where('order_id', id).del();
}

async function catalogue(category) {
  return db.select('sku', 'name', 'price').from('products').whereIn('category', [category, 'misc']).orderBy('name');
}

async function customerByEmail(email) {
  return db('customers').where('email', email).first('id', 'name');
}

module.exports = { listOrders, createOrder, cancelOrder, catalogue, customerByEmail };
