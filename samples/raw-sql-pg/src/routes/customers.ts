import { Router } from 'express';
import { pool } from '../db.js';

export const customers = Router();

customers.get('/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email, name, created_at FROM customers WHERE id = $1', [req.params.id]);
  res.json(rows[0] ?? null);
});

customers.post('/', async (req, res) => {
  const { rows } = await pool.query({
    text: 'INSERT INTO customers (email, name) VALUES ($1, $2) ' + 'RETURNING id',
    values: [req.body.email, req.body.name],
  });
  res.status(201).json(rows[0]);
});
