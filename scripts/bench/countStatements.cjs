/**
 * A preload (`node --require`) for `npm run bench:statements`: counts each
 * SQL statement better-sqlite3 runs in this process, by its text, and writes
 * the counts as JSON to STATEMENT_COUNT_FILE every second and at exit. It
 * wraps the Statement methods once (run, get, all, iterate), so it sees
 * every statement Prisma's SQLite adapter sends, including BEGIN and COMMIT.
 * Hand-written because no library counts statements at this level; it is a
 * measuring tool, never loaded by the product itself.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');

const file = process.env.STATEMENT_COUNT_FILE;
if (file) {
  const counts = new Map();
  const load = Module._load;
  let wrapped = false;
  Module._load = function (request) {
    const exported = load.apply(this, arguments);
    if (!wrapped && request === 'better-sqlite3' && exported && exported.prototype && exported.prototype.prepare) {
      wrapped = true;
      const prepare = exported.prototype.prepare;
      let statementWrapped = false;
      exported.prototype.prepare = function () {
        const statement = prepare.apply(this, arguments);
        if (!statementWrapped) {
          statementWrapped = true;
          const proto = Object.getPrototypeOf(statement);
          for (const name of ['run', 'get', 'all', 'iterate']) {
            const original = proto[name];
            proto[name] = function () {
              const sql = this.source.replace(/\s+/g, ' ').trim();
              counts.set(sql, (counts.get(sql) ?? 0) + 1);
              return original.apply(this, arguments);
            };
          }
        }
        return statement;
      };
    }
    return exported;
  };
  const write = () => {
    if (counts.size === 0) return;
    // Written aside, then renamed: a reader never sees half a file.
    fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(Object.fromEntries(counts)));
    fs.renameSync(`${file}.${process.pid}`, file);
  };
  setInterval(write, 1_000).unref();
  process.on('exit', write);
}
