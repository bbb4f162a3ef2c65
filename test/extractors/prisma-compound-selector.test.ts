import { describe, expect, it } from 'vitest';
import { resolvePrismaReferences } from '../../rules/extractors/prisma/resolve.js';
import type { Declaration, Reference } from '../../src/types.js';

// `where: { projectId_queueId_userId: key }` with the key in a variable: the compound @@unique selector Prisma names
// after the fields it joins, which the client extractor cannot tell from a field without the schema.
describe('resolvePrismaReferences: compound unique selectors held in variables', () => {
  const at = { file: 'src/queue.ts', line: 4, column: 7, endLine: 4, endColumn: 31 };
  const assignment: Declaration = {
    extractor: 'prisma-schema',
    relation: { schema: null, name: 'annotation_queue_assignments' },
    model: 'AnnotationQueueAssignment',
    columns: [
      { name: 'project_id', field: 'projectId' },
      { name: 'queue_id', field: 'queueId' },
      { name: 'user_id', field: 'userId' },
      { name: 'created_by_user_id', field: 'created_by_user_id' },
    ],
    confidence: 'exact',
    location: at,
  };
  const where = (column: string): Reference => ({
    extractor: 'prisma', kind: 'column', relation: { schema: null, name: 'AnnotationQueueAssignment' }, column, access: 'read',
    written: column, quoted: true, confidence: 'inferred', location: at, note: 'prisma-model:AnnotationQueueAssignment',
  });

  it('drops a key that splits into two or more fields (underscores inside field names included); keeps the rest', () => {
    const out = resolvePrismaReferences(
      [where('projectId_queueId_userId'), where('queueId_created_by_user_id'), where('projectId'), where('project_queue')],
      [assignment],
    );
    expect(out.map((r) => `${r.relation.name}.${r.column} ${r.confidence}`)).toEqual([
      'annotation_queue_assignments.project_id exact',
      'annotation_queue_assignments.project_queue inferred',
    ]);
  });
});
