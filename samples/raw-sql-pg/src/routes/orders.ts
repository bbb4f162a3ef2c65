import { Router } from 'express';
import { pool } from '../db.js';
import { ORDER_ITEMS } from '../tables.js';

export const orders = Router();

const LIST_PAID_ORDERS = `
  SELECT o.id, o.status, o.total_cents, c.email
  FROM orders o
  JOIN customers c ON c.id = o.customer_id
  WHERE o.status = 'paid'
  ORDER BY o.created_at DESC`;

orders.get('/paid', async (_req, res) => {
  const { rows } = await pool.query(LIST_PAID_ORDERS);
  res.json(rows);
});

orders.post('/', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('INSERT INTO orders (customer_id) VALUES ($1) RETURNING id', [req.body.customerId]);
    const orderId = rows[0].id;
    for (const item of req.body.items) {
      await client.query(
        `INSERT INTO ${ORDER_ITEMS} (order_id, product_id, quantity)
         VALUES ($1, (SELECT id FROM products WHERE sku = $2), $3)
         ON CONFLICT (order_id, product_id) DO UPDATE SET quantity = ${ORDER_ITEMS}.quantity + EXCLUDED.quantity`,
        [orderId, item.sku, item.quantity],
      );
    }
    await client.query("UPDATE orders SET total_cents = order_total($1), status = 'pending' WHERE id = $1", [orderId]);
    await client.query('COMMIT');
    res.status(201).json({ id: orderId });
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

orders.delete('/:id', async (req, res) => {
  await pool.query("DELETE FROM orders WHERE id = $1 AND status = 'pending'", [req.params.id]);
  res.status(204).end();
});
