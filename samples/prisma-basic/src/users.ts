import { prisma } from './db';

export async function listAuthors() {
  return prisma.user.findMany({
    where: { role: 'AUTHOR' },
    select: { id: true, email: true, fullName: true },
    orderBy: { createdAt: 'desc' },
  });
}

export async function signUp(email: string, fullName: string) {
  return prisma.user.create({ data: { email, fullName } });
}

export async function withPosts(id: string) {
  return prisma.user.findUnique({ where: { id }, include: { posts: true } });
}
