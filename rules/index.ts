import type { AnyCheck } from '../src/check.js';
import invalidEnumValue from './checks/invalid-enum-value.js';
import missingColumn from './checks/missing-column.js';
import missingFunction from './checks/missing-function.js';
import missingRelation from './checks/missing-relation.js';
import modelDrift from './checks/model-drift.js';
import notNullWithoutValue from './checks/not-null-without-value.js';
import orphanedTable from './checks/orphaned-table.js';
import unusedModel from './checks/unused-model.js';
import type { FileExtractor, JsExtractor, Resolver } from '../src/extractor.js';
import django from './extractors/django/index.js';
import { resolveDjangoReferences } from './extractors/django/resolve.js';
import drizzle from './extractors/drizzle/index.js';
import knex from './extractors/knex/index.js';
import kysely from './extractors/kysely/index.js';
import { resolveDrizzleReferences } from './extractors/drizzle/resolve.js';
import prisma from './extractors/prisma/index.js';
import { resolvePrismaReferences } from './extractors/prisma/resolve.js';
import prismaSchema from './extractors/prisma-schema/index.js';
import sequelize from './extractors/sequelize/index.js';
import { resolveSequelizeReferences } from './extractors/sequelize/resolve.js';
import typeorm from './extractors/typeorm/index.js';
import { resolveTypeormReferences } from './extractors/typeorm/resolve.js';
import pythonSql from './extractors/python-sql/index.js';
import rawSql from './extractors/raw-sql/index.js';
import sqlalchemy from './extractors/sqlalchemy/index.js';
import { resolveSqlalchemyReferences } from './extractors/sqlalchemy/resolve.js';
import sqlFile from './extractors/sql-file/index.js';
import supabaseJs from './extractors/supabase-js/index.js';

// Registries sorted by id. test/registry.test.ts fails when these lists and the rules/ folders disagree.
// To add one: import its module below (sorted) and add it to its list (sorted).

/** Every extractor, sorted by id. */
export const extractors: ((JsExtractor | FileExtractor) & { docsUrl: string })[] = [django, drizzle, knex, kysely, prisma, prismaSchema, pythonSql, rawSql, sequelize, sqlFile, sqlalchemy, supabaseJs, typeorm];

/**
 * Post-extraction resolvers (ORM model/field names → table/column names through the project's declarations),
 * sorted by extractor id.
 */
export const resolvers: Resolver[] = [resolveDjangoReferences, resolveDrizzleReferences, resolvePrismaReferences, resolveSequelizeReferences, resolveSqlalchemyReferences, resolveTypeormReferences];

/** Every check, sorted by id. */
export const checks: AnyCheck[] = [
  invalidEnumValue,
  missingColumn,
  missingFunction,
  missingRelation,
  modelDrift,
  notNullWithoutValue,
  orphanedTable,
  unusedModel,
];
