const express = require('express');
const { pool } = require('../db/pool');

const router = express.Router();

router.post('/log', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query(
      'INSERT INTO scraping_logs (type, user_id, client_id, target, leads_found, leads_saved, success) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [req.body.type, req.user.id, req.user.clientId, req.body.target, req.body.found, req.body.saved, true],
    );
  } finally {
    client.release();
  }
  res.sendStatus(201);
});

router.get('/history', async (req, res) => {
  const { rows } = await pool.query(
    `SELECT l.id, l.type, l.target, l.leads_saved, u.email
       FROM scraping_logs l
       JOIN users u ON u.id = l.user_id
      WHERE l.client_id = $1`,
    [req.user.clientId],
  );
  res.json(rows);
});

router.get('/credentials/:service', async (req, res) => {
  const { rows } = await pool.query('SELECT key_name, encrypted_value FROM encrypted_credentials WHERE service = $1', [
    req.params.service,
  ]);
  res.json(rows.map((r) => r.key_name));
});

module.exports = router;
