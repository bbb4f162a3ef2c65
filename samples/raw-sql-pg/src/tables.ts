// Table names shared by the routes.
export const ORDER_ITEMS = 'order_items';
