import type { FileContext, ReferenceInput } from '../../../src/extractor.js';
import { callArgs, lastName, sourceRange, walk, type PyFile, type PyNode } from '../../../src/extract/python.js';
import type { Access } from '../../../src/types.js';

// Usage through managers: Article.objects.filter(title__icontains=x).order_by('-created').values('id').
// References name the model and field; resolveDjangoReferences maps them to table and column.

export const MODEL_NOTE = 'django-model';
/** `django-app:<label>:<module>` on a model imported into an app's models module from a nested module. */
export const APP_NOTE = 'django-app';

const LOOKUP_KWARGS = new Set(['filter', 'exclude', 'get', 'get_or_create', 'update_or_create', 'create', 'update']);
const FIELD_STRINGS = new Set(['order_by', 'values', 'values_list', 'only', 'defer', 'distinct']);
const KWARG_ACCESS: Record<string, Access> = { create: 'insert', update: 'update' };
const CHAIN_ACCESS: Record<string, Access> = { create: 'insert', bulk_create: 'insert', update: 'update', bulk_update: 'update', delete: 'delete' };
const NOT_FIELDS = new Set(['pk', 'defaults', 'create_defaults']);

export function extractUsage(ctx: FileContext, py: PyFile, models: Map<string, string>): void {
  if (models.size === 0) return;
  // Collected, then added in source order (constructions and manager chains are found in separate passes).
  const found: ReferenceInput[] = [];
  const add = (model: string, access: Access, start: number, end: number, column?: string) =>
    found.push({
      kind: column === undefined ? 'relation' : 'column',
      relation: { schema: null, name: model },
      ...(column === undefined ? {} : { column }),
      access,
      written: ctx.source.slice(start, end),
      quoted: false,
      confidence: 'inferred',
      location: ctx.locate(start, end),
      note: `${MODEL_NOTE}:${model}`,
    });
  const addLookup = (model: string, access: Access, key: PyNode) => {
    const field = key.text.split('__')[0]!;
    if (field && !NOT_FIELDS.has(field)) add(model, access, key.startIndex, key.startIndex + field.length, field);
  };

  // `Article(title=x).save()`, `bulk_create([Article(...)])`: constructing a model instance is how rows are inserted.
  // No `provides`: field defaults fill what the code does not name.
  for (const call of py.nodesOfType('call')) {
    const fn = call.childForFieldName('function');
    const model = fn?.type === 'identifier' ? models.get(fn.text) : undefined;
    if (!model) continue;
    add(model, 'insert', fn!.startIndex, fn!.endIndex);
    for (const key of callArgs(call).keywordNames.values()) addLookup(model, 'insert', key);
  }

  py.nodesOfType('attribute').forEach((node) => {
    if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'objects') return undefined;
    const object = node.childForFieldName('object');
    const model = object?.type === 'identifier' ? models.get(object.text) : undefined;
    if (!model) return undefined;
    // Climb the chain: each `.method(args)` applied to the manager or the queryset it returns.
    const calls: { method: string; call: PyNode }[] = [];
    for (let current: PyNode = node; ; ) {
      const member = current.parent;
      if (member?.type !== 'attribute' || member.childForFieldName('object')?.id !== current.id) break;
      const call = member.parent;
      if (call?.type !== 'call' || call.childForFieldName('function')?.id !== member.id) break;
      calls.push({ method: member.childForFieldName('attribute')!.text, call });
      current = call;
    }
    const access = calls.map((c) => CHAIN_ACCESS[c.method]).find((a) => a !== undefined) ?? 'read';
    add(model, access, object!.startIndex, object!.endIndex);
    for (const { method, call } of calls) {
      const args = callArgs(call);
      if (LOOKUP_KWARGS.has(method)) {
        for (const key of args.keywordNames.values()) addLookup(model, KWARG_ACCESS[method] ?? 'read', key);
        // Q(...) objects combined with & | ~ carry lookups too.
        for (const arg of args.positional) {
          walk(arg, (inner) => {
            if (inner.type === 'call' && lastName(inner.childForFieldName('function')) === 'Q') {
              for (const key of callArgs(inner).keywordNames.values()) addLookup(model, 'read', key);
            }
            return inner.type === 'call' && lastName(inner.childForFieldName('function')) !== 'Q' ? false : undefined;
          });
        }
      } else if (FIELD_STRINGS.has(method)) {
        for (const arg of args.positional) {
          const text = py.evaluate(arg);
          if (!text) continue;
          const offset = text.value.startsWith('-') ? 1 : 0;
          const field = text.value.slice(offset).split('__')[0]!;
          if (!/^\w+$/.test(field) || NOT_FIELDS.has(field)) continue;
          const [start, end] = sourceRange(text, offset, offset + field.length);
          add(model, 'read', start, end, field);
        }
      }
    }
    return undefined;
  });
  found.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  for (const ref of found) ctx.addReference(ref);
}
