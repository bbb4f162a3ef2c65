const express = require('express');
const { pool } = require('../db/pool');

const router = express.Router();
const LEADS_TABLE = 'leads';

router.get('/', async (req, res) => {
  const { rows } = await pool.query(
    `SELECT id, company, contact_first_name, contact_last_name, email, phone, lead_source, compliance_score
       FROM ${LEADS_TABLE}
      WHERE client_id = $1
      ORDER BY created_at DESC`,
    [req.user.clientId],
  );
  res.json(rows);
});

router.post('/', async (req, res) => {
  const { clinicName, firstName, lastName, email, phone } = req.body;
  const { rows } = await pool.query(
    'INSERT INTO leads (client_id, clinic_name, contact_first_name, contact_last_name, email, phone) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [req.user.clientId, clinicName, firstName, lastName, email, phone],
  );
  res.status(201).json(rows[0]);
});

router.patch('/:id/compliance', async (req, res) => {
  await pool.query({
    text: 'UPDATE leads SET compliance_score = $1, compliance_issues = $2, compliance_checked = true WHERE id = $3',
    values: [req.body.score, req.body.issues, req.params.id],
  });
  res.sendStatus(204);
});

module.exports = router;
