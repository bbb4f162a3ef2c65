import { pgSchema, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const accounts = pgTable('accounts', {
  id: uuid().primaryKey().$defaultFn(() => crypto.randomUUID()),
  handle: text().notNull().unique(),
  displayName: text('display_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const bookmarks = pgTable('bookmarks', {
  id: serial().primaryKey(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  url: text().notNull(),
  title: text(),
});

const audit = pgSchema('audit');

export const events = audit.table('events', {
  id: serial().primaryKey(),
  kind: text().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
