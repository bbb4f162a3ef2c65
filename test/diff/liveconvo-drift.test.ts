import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { diffSnapshots } from '../../src/schema/diff.js';
import { generateMigration } from '../../src/schema/ddl.js';
import { introspectUrl } from '../../src/schema/introspect.js';
import { formatDiffMarkdown } from '../../src/reporters/diff-markdown.js';
import { formatDiffText } from '../../src/reporters/diff-text.js';
import { createFreshDatabase, itWithServer } from '../helpers/pg.js';

const dir = new URL('../../samples/liveconvo-drift/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

/** Compares with the committed file; UPDATE_EXPECTED=1 rewrites it (review the git diff). */
function expectFile(name: string, actual: string) {
  if (process.env.UPDATE_EXPECTED === '1') writeFileSync(new URL(name, dir), actual);
  expect(actual).toBe(read(name));
}

describe('samples/liveconvo-drift (seed 003: dev vs prod)', () => {
  itWithServer('reports every difference the seed lists, and the migration converges', async () => {
    const prod = await createFreshDatabase('dbref_drift');
    const dev = await createFreshDatabase('dbref_drift');
    try {
      await prod.exec(read('prod.sql'));
      await dev.exec(read('dev.sql'));
      const from = await introspectUrl(prod.url);
      const to = await introspectUrl(dev.url);
      const diff = diffSnapshots(from, to);
      const summary = diff.changes.filter((c) => !c.details.table || c.details.table === 'user_referrals').map((c) => `${c.change} ${c.objectKind} ${c.details.table ? `${c.details.table}.` : ''}${c.name}${c.change === 'renamed?' ? ` from ${c.details.from as string}` : ''}`);
      const expected = [
        // Section 1: four tables only in dev, one only in prod.
        'removed table referral_fraud_checks',
        ...['custom_reports', 'email_notifications', 'referral_audit_logs', 'user_preferences'].map((t) => `added table ${t}`),
        // Section 3: the enum missing in prod.
        'added enum referral_event_type',
        // Section 2.3: user_referrals.
        'renamed? column user_referrals.referrer_id from referrer_user_id',
        'renamed? column user_referrals.referee_id from referee_user_id',
        'renamed? column user_referrals.discount_percentage from referee_discount_percent',
        'changed column user_referrals.device_id',
        'changed column user_referrals.status',
        'changed column user_referrals.created_at',
        ...['referee_email', 'stripe_customer_id', 'stripe_payment_intent_id', 'metadata'].map((c) => `added column user_referrals.${c}`),
        ...['referral_code', 'referee_discount_applied', 'rewarded_at', 'first_payment_id', 'stripe_coupon_id', 'stripe_checkout_session_id'].map((c) => `removed column user_referrals.${c}`),
        'removed constraint user_referrals.user_referrals_referee_user_id_fkey',
        'removed constraint user_referrals.user_referrals_referrer_user_id_fkey',
        'added constraint user_referrals.user_referrals_referee_id_fkey',
        'added constraint user_referrals.user_referrals_referrer_id_fkey',
        // Section 4: functions.
        'removed function check_referral_limits(uuid, inet, text)',
        'removed function generate_referral_code(uuid)',
        'added function generate_referral_code()',
        'added function generate_user_referral_code()',
        'removed function handle_new_user_referral()',
        'added function handle_new_user()',
        'added function log_referral_event(public.referral_event_type, uuid, text, jsonb)',
        'changed function process_referral_code(text, uuid, inet, text)',
        'added function complete_referral(uuid, text)',
      ];
      expect([...summary].sort()).toEqual([...expected].sort());
      // users and subscriptions are identical apart from the triggers that call the differing functions.
      expect(diff.changes.filter((c) => c.details.table === 'users').map((c) => `${c.change} ${c.objectKind} ${c.name}`)).toEqual([
        'changed trigger set_user_referral_code',
        'added trigger on_user_created',
      ]);

      expectFile('expected.txt', formatDiffText(diff, { fromLabel: 'prod', toLabel: 'dev' }));
      const migration = generateMigration(diff, from, to);
      expectFile('expected.md', formatDiffMarkdown(diff, { fromLabel: 'prod', toLabel: 'dev', from, to, migration }));
      expectFile('expected.sql', migration.sql);

      const full = generateMigration(diff, from, to, { allowDestructive: true });
      for (const statement of full.statements) await prod.exec(statement.sql);
      expect(diffSnapshots(await introspectUrl(prod.url), to).changes).toEqual([]);
    } finally {
      await prod.drop();
      await dev.drop();
    }
  }, 120_000);
});
