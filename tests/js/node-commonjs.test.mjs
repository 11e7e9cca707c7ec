// search.js in Node from a project whose package.json says "type": "commonjs" (what
// `npm init -y` writes): the built site carries its own package.json marking its .js files as
// ES modules, so the nearest one to search.js is the site's, whatever folder holds the site.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';

import { buildSite } from './helpers.mjs';

test('a built site imports from a CommonJS project', () => {
  const project = mkdtempSync(join(tmpdir(), 'continuum-cjs-'));
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({
      name: 'my-project', version: '1.0.0', main: 'index.js', type: 'commonjs', license: 'ISC',
    }, null, 2));
    cpSync(buildSite(), join(project, 'public'), { recursive: true });
    // A CommonJS script of the project imports the module, as a user would.
    writeFileSync(join(project, 'index.js'), `
      import('./public/search.js').then(async ({ search }) => {
        const results = await search('iop', { base: __dirname + '/public/' });
        console.log(results[0].url);
      });
    `);
    const out = execFileSync(process.execPath, ['index.js'], { cwd: project, encoding: 'utf8' });
    assert.equal(out.trim(), '/levels-of-care/intensive-outpatient/');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
