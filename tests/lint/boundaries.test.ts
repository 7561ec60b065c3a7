// The layer rules of ARCHITECTURE.md are lint rules; these fixtures show each one firing on an
// import that crosses a forbidden boundary, and staying quiet on an allowed one.
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';
import { featureRule } from '../../eslint.config.js';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer boundaries', () => {
  test.each([
    [
      'schemas/entities/x.ts',
      "import { db } from '../../src/db/db';\nexport const y = db;\n",
      'imports nothing of ours',
    ],
    [
      'schemas/entities/x.ts',
      "import Dexie from 'dexie';\nexport const y = Dexie;\n",
      'may import only zod',
    ],
    [
      'schemas/rules/x.ts',
      "import { buildApp } from '../../sync-server/src/app';\nexport const y = buildApp;\n",
      'imports nothing of ours',
    ],
    [
      'sync-server/src/routes/x.ts',
      "import { App } from '../../../src/app/app';\nexport const y = App;\n",
      'never imports the client',
    ],
    [
      'src/app/x.ts',
      "import { buildApp } from '../../sync-server/src/app';\nexport const y = buildApp;\n",
      'never imports sync-server',
    ],
    [
      'src/app/x.ts',
      "import Dexie from 'dexie';\nexport const y = Dexie;\n",
      'Only src/db/ touches Dexie',
    ],
    [
      'src/sync/x.ts',
      "import { h } from 'preact';\nexport const y = h;\n",
      'knows nothing of Preact',
    ],
    [
      'src/sync/x.ts',
      "import Dexie from 'dexie';\nexport const y = Dexie;\n",
      'Only src/db/ touches Dexie',
    ],
  ])('%s: a forbidden import is an error', async (file, code, words) => {
    const messages = await restrictedImports(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(words);
  });

  test.each([
    [
      'schemas/entities/x.ts',
      "import { z } from 'zod';\nimport { a } from '../rules/a';\nexport const y = [z, a];\n",
    ],
    [
      'src/db/x.ts',
      "import Dexie from 'dexie';\nimport { z } from 'zod';\nexport const y = [Dexie, z];\n",
    ],
    [
      'sync-server/src/routes/x.ts',
      "import { z } from 'zod';\nimport { a } from '../../../schemas/entities/a';\nexport const y = [z, a];\n",
    ],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });

  test('features do not import each other', async () => {
    const rule = featureRule('observation', ['observation', 'home']);
    const scoped = new ESLint({ overrideConfig: rule });
    const lint = async (code: string) => {
      const [r] = await scoped.lintText(code, { filePath: 'src/features/observation/page.tsx' });
      return (r?.messages ?? [])
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => m.message);
    };
    const crossing = await lint("import { Home } from '../home/home';\nexport const y = Home;\n");
    expect(crossing).toHaveLength(1);
    expect(crossing[0]).toContain('Features do not import each other (observation -> home)');
    const own = await lint(
      "import { Part } from './part';\nimport { Button } from '../../ui/button';\nexport const y = [Part, Button];\n",
    );
    expect(own).toEqual([]);
  });
});
