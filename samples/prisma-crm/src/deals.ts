import { Router } from 'express';
import { prisma } from './db';

export const deals = Router();

deals.get('/pipeline', async (_req, res) => {
  const open = await prisma.deal.findMany({
    where: { stage: { in: ['prospecting', 'negotiation'] } },
    select: { id: true, title: true, amount: true, stage: true, owner: { select: { fullName: true } } },
    orderBy: { amount: 'desc' },
  });
  res.json(open);
});

deals.post('/', async (req, res) => {
  const deal = await prisma.deal.create({
    data: { title: req.body.title, amount: req.body.amount, contactId: req.body.contactId, ownerId: req.user.id },
  });
  res.status(201).json(deal);
});

deals.get('/contacts/:id', async (req, res) => {
  const contact = await prisma.contact.findUnique({
    where: { id: req.params.id },
    include: { deals: true, organization: true },
  });
  res.json(contact);
});
