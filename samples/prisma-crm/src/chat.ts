import { Router } from 'express';
import { prisma } from './db';

export const chat = Router();

chat.get('/rooms', async (_req, res) => {
  const rooms = await prisma.chatRoom.findMany({ orderBy: { createdAt: 'desc' } });
  res.json(rooms);
});

chat.post('/rooms/:id/messages', async (req, res) => {
  const message = await prisma.chatMessage.create({ data: { roomId: req.params.id, body: req.body.body } });
  const users = await prisma.user.findMany({ where: { organizationId: req.user.organizationId }, select: { email: true } });
  res.status(201).json({ message, notified: users.length });
});
