import type { Node } from '../extractor.js';
import { parseJs, walk } from '../extract/js.js';
import { LineIndex } from '../util/lines.js';

/** A SQL type the scaffold proposes. */
export type ScaffoldType = 'text' | 'integer' | 'bigint' | 'numeric' | 'boolean' | 'timestamptz' | 'uuid' | 'jsonb';

/** What an expression written to a column says about its type; `user-id` is a signed-in user's id (`user.id`). */
export interface ExpressionType {
  type: ScaffoldType | 'user-id';
  /** Short source description for the comment: `'voice'`, `new Date()`, `user!.id`. */
  what: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The values written to object-literal keys of a JS/TS file, by the 1-based `line:column` of the key: what inserts
 * and updates write to each column, beyond the static literals the extractors record (`x ?? 'voice'`, `user.id`,
 * `[] as string[]`).
 */
export function objectValues(file: string, source: string): Map<string, Node> {
  const values = new Map<string, Node>();
  let program: Node;
  try {
    program = parseJs(file, source).program;
  } catch {
    return values;
  }
  const lines = new LineIndex(source);
  walk(program, (node) => {
    if (node.type !== 'Property' || node.shorthand || node.computed) return;
    const at = lines.position(node.key.start as number);
    values.set(`${at.line}:${at.column}`, node.value as Node);
  });
  return values;
}

function unwrap(node: Node | undefined): Node | undefined {
  let n = node;
  while (n && (n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression' || n.type === 'ChainExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'AwaitExpression')) {
    n = n.type === 'AwaitExpression' ? n.argument : n.expression;
  }
  return n;
}

function calleeName(node: Node): string | undefined {
  const callee = unwrap(node.callee);
  if (!callee) return undefined;
  if (callee.type === 'Identifier') return callee.name as string;
  if (callee.type === 'MemberExpression' && !callee.computed) {
    const object = unwrap(callee.object);
    const prefix = object?.type === 'Identifier' ? `${object.name}.` : '.';
    return `${prefix}${callee.property.name}`;
  }
  return undefined;
}

function memberText(node: Node): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name as string;
  if (n.type === 'MemberExpression' && !n.computed) {
    const object = memberText(n.object);
    if (object === undefined) return undefined;
    const op = n.optional ? '?.' : node.type === 'TSNonNullExpression' ? '!.' : '.';
    return `${object}${op}${n.property.name}`;
  }
  if (n.type === 'TSNonNullExpression') return `${memberText(n.expression)}!`;
  return undefined;
}

/** The type an expression's value has, when its shape tells (no type checker). */
export function expressionType(expression: Node | undefined, depth = 0): ExpressionType | undefined {
  const node = unwrap(expression);
  if (!node || depth > 4) return undefined;
  switch (node.type) {
    case 'Literal': {
      if (typeof node.value === 'string') {
        const text = node.value;
        const shown = `'${text.length > 30 ? `${text.slice(0, 27)}...` : text}'`;
        if (DATE.test(text)) return { type: 'timestamptz', what: shown };
        if (UUID.test(text)) return { type: 'uuid', what: shown };
        return { type: 'text', what: shown };
      }
      if (typeof node.value === 'boolean') return { type: 'boolean', what: String(node.value) };
      if (typeof node.value === 'number') {
        const raw = String(node.raw);
        if (/[.e]/i.test(raw) && !/^0x/i.test(raw)) return { type: 'numeric', what: raw };
        return { type: Math.abs(node.value) > 2147483647 ? 'bigint' : 'integer', what: raw };
      }
      if (typeof node.value === 'bigint') return { type: 'bigint', what: String(node.raw) };
      return undefined;
    }
    case 'TemplateLiteral':
      return { type: 'text', what: 'a template string' };
    case 'ObjectExpression':
      return { type: 'jsonb', what: 'an object' };
    case 'ArrayExpression':
      return { type: 'jsonb', what: 'an array' };
    case 'NewExpression':
      return calleeName(node) === 'Date' ? { type: 'timestamptz', what: 'new Date()' } : undefined;
    case 'CallExpression': {
      const name = calleeName(node) ?? '';
      if (/\.(?:toISOString|toJSON)$/.test(name)) return { type: 'timestamptz', what: `${name.replace(/^\./, '')}()` };
      if (name === 'Date.now') return { type: 'bigint', what: 'Date.now()' };
      if (/(?:^|\.)(?:randomUUID|uuidv4|v4|uuid)$/.test(name)) return { type: 'uuid', what: `${name}()` };
      if (/^(?:String|\.toString|\.trim|\.toLowerCase|\.toUpperCase|\.slice|\.substring|\.join)$/.test(name)) return { type: 'text', what: `${name.replace(/^\./, '')}()` };
      if (/^(?:parseInt|Number\.parseInt|Math\.(?:round|floor|ceil|trunc))$/.test(name)) return { type: 'integer', what: `${name}()` };
      if (/^(?:parseFloat|Number\.parseFloat|Number)$/.test(name)) return { type: 'numeric', what: `${name}()` };
      if (name === 'Boolean') return { type: 'boolean', what: 'Boolean()' };
      return undefined;
    }
    case 'UnaryExpression':
      if (node.operator === '!') return { type: 'boolean', what: 'a negation' };
      if (node.operator === '-') return expressionType(node.argument, depth + 1);
      return undefined;
    case 'BinaryExpression':
      if (['===', '!==', '==', '!=', '<', '>', '<=', '>=', 'in', 'instanceof'].includes(node.operator as string)) return { type: 'boolean', what: 'a comparison' };
      if (node.operator === '+') {
        const left = expressionType(node.left, depth + 1);
        const right = expressionType(node.right, depth + 1);
        if (left?.type === 'text' || right?.type === 'text') return { type: 'text', what: 'a string concatenation' };
      }
      return undefined;
    case 'LogicalExpression':
      if (node.operator === '&&') return undefined;
      return expressionType(node.left, depth + 1) ?? withFallback(expressionType(node.right, depth + 1), node.operator as string);
    case 'ConditionalExpression':
      return expressionType(node.consequent, depth + 1) ?? expressionType(node.alternate, depth + 1);
    case 'MemberExpression': {
      if (node.computed) return undefined;
      const property = node.property.name as string;
      const object = unwrap(node.object);
      const objectName = object?.type === 'Identifier' ? (object.name as string) : object?.type === 'MemberExpression' && !object.computed ? (object.property.name as string) : '';
      if (property === 'id' && /user/i.test(objectName)) return { type: 'user-id', what: memberText(expression!) ?? `${objectName}.id` };
      if (property === 'length') return { type: 'integer', what: '.length' };
      return undefined;
    }
    case 'TSAsExpression':
    case 'TSTypeAssertion': {
      const annotation = node.typeAnnotation as Node;
      const keyword: Record<string, ScaffoldType> = { TSStringKeyword: 'text', TSNumberKeyword: 'numeric', TSBooleanKeyword: 'boolean', TSBigIntKeyword: 'bigint' };
      const fromType = keyword[annotation.type];
      if (fromType) return { type: fromType, what: `as ${annotation.type.replace(/^TS|Keyword$/g, '').toLowerCase()}` };
      if (annotation.type === 'TSArrayType' || annotation.type === 'TSTypeLiteral') return { type: 'jsonb', what: 'an object/array type' };
      return expressionType(node.expression, depth + 1);
    }
    default:
      return undefined;
  }
}

function withFallback(found: ExpressionType | undefined, operator: string): ExpressionType | undefined {
  return found && { ...found, what: `${operator} ${found.what}` };
}
