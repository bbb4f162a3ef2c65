import { describe, it } from 'vitest';
import check from '../../rules/checks/__ID__.js';
import { expectNoFindings } from '../helpers/findings.js';
import { buildSchema, ref } from '../helpers/schema-builder.js';

describe('__ID__', () => {
  it('finds nothing on a schema that has what the code uses', () => {
    expectNoFindings(check, { schema: buildSchema({ tables: { 'public.users': ['id serial'] } }), references: [ref('users')] });
  });

  // TODO: the cases the check reports, with exact messageId, message, help and location (expectFindings).
});
