// The migration generator lives in ./ddl/; this path stays for existing importers (and dist/src/schema/ddl.js).
export {
  generateMigration,
  HAZARD,
  isWideningTypeChange,
  qualify,
  quoteIdent,
  quoteLiteral,
  type Migration,
  type MigrationOptions,
  type MigrationStatement,
} from './ddl/index.js';
