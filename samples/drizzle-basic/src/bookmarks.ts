import { and, eq } from 'drizzle-orm';
import { db } from './db';
import { accounts, bookmarks, events } from './db/schema';

export async function listBookmarks(handle: string) {
  return db
    .select({ url: bookmarks.url, title: bookmarks.title, owner: accounts.displayName })
    .from(bookmarks)
    .innerJoin(accounts, eq(accounts.id, bookmarks.accountId))
    .where(eq(accounts.handle, handle));
}

export async function addBookmark(accountId: string, url: string) {
  await db.insert(bookmarks).values({ accountId, url });
  await db.insert(events).values({ kind: 'bookmark.added' });
}

export async function rename(id: number, accountId: string, title: string) {
  await db.update(bookmarks).set({ title }).where(and(eq(bookmarks.id, id), eq(bookmarks.accountId, accountId)));
}

export async function profile(handle: string) {
  return db.query.accounts.findFirst({ columns: { handle: true, displayName: true }, where: eq(accounts.handle, handle) });
}
