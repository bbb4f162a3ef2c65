import { describe } from 'vitest';
import extractor from '../../rules/extractors/__ID__/index.js';
import { testExtractor } from '../helpers/extract.js';

describe('__ID__', () => {
  testExtractor(extractor, [
    {
      name: 'a table named by a string literal',
      code: "import lib from '__ENABLER__';\nlib.__KEYWORD__('users');\n",
      references: [
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', written: "'users'", confidence: 'exact', loc: '2:__COL__-2:__ENDCOL__' },
      ],
    },
    {
      name: 'a table name computed at run time is dynamic',
      code: "import lib from '__ENABLER__';\nlib.__KEYWORD__(tableName);\n",
      references: [
        { kind: 'relation', relation: { schema: null, name: 'tableName' }, access: 'read', written: 'tableName', confidence: 'dynamic', loc: '2:__COL__-2:__DYNENDCOL__' },
      ],
    },
    {
      name: 'calls on other objects are not references',
      code: "other.__KEYWORD__('users');\n",
      references: [],
    },
  ]);
});
