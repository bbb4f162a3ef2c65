import { describe, expect, it } from 'vitest';
import { planShims } from '../../src/schema/shims.js';

describe('planShims', () => {
  it('reads the extensions a migration creates, not words in its comments', () => {
    const migration = [
      '-- Create extension',
      'CREATE EXTENSION IF NOT EXISTS pg_trgm;',
      '/* create extension postgis would need the server */',
      'create extension "uuid-ossp";',
      'create index title_trgm on posts using gin (title gin_trgm_ops);',
    ].join('\n');
    const plan = planShims('prisma', [migration]);
    expect(plan.extensions).toEqual(['pg_trgm', 'uuid-ossp']);
    expect(plan.unavailable).toEqual([]);
  });

  it('names the extensions PGlite does not ship', () => {
    expect(planShims('plain', ['create extension if not exists postgis;\ncreate extension vector;']).unavailable).toEqual(['postgis', 'vector']);
  });
});
