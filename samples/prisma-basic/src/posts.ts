import { prisma } from './db';

export async function publish(authorId: string, title: string) {
  return prisma.$transaction(async (tx) => {
    const post = await tx.post.create({ data: { title, authorId } });
    await tx.post.update({ where: { id: post.id }, data: { published: true } });
    return post;
  });
}

export async function drafts(authorId: string) {
  return prisma.post.count({ where: { authorId, published: false } });
}
