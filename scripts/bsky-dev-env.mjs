// A whole local Bluesky network for the connector tests: @atproto/dev-env's TestNetwork (PLC, PDS, AppView, Ozone)
// on loopback, using PostgreSQL (DB_POSTGRES_URL) and Redis (REDIS_HOST). install-peers.sh copies this file next to
// the installed package so the import resolves.
//
// Protocol, one JSON object per line on stdout:
//   {"ready": true, "pds": URL, "appview": URL, "accounts": {"alice": {"did", "handle", "password"}, "bob": {...}}}
// then, for each line "process" read on stdin, {"processed": true} once the AppView has indexed everything.
// Closing stdin shuts the network down.
import { TestNetwork } from '@atproto/dev-env'
import readline from 'node:readline'
import pg from 'pg'

// Schemas (appview_<name>, bsync_<name>, ozone_<name>) may hold letters and underscores only. Ours are dropped on
// shutdown; those a killed run left behind are dropped at start (one dev network runs at a time).
const schema = `sangam_${String(process.pid).replace(/\d/g, (d) => 'abcdefghij'[d])}`
async function dropSchemas(pattern) {
  const db = new pg.Client({ connectionString: process.env.DB_POSTGRES_URL })
  await db.connect()
  const { rows } = await db.query(
    `SELECT nspname FROM pg_namespace WHERE nspname ~ $1`,
    [`^(appview|bsync|ozone)_${pattern}$`],
  )
  for (const { nspname } of rows) {
    await db.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`)
  }
  await db.end()
}
await dropSchemas('sangam_[a-j]+')
const network = await TestNetwork.create({ dbPostgresSchema: schema })
const sc = network.getSeedClient()
const accounts = {}
for (const name of ['alice', 'bob']) {
  const handle = `${name}.test`
  const password = `${name}-pass`
  await sc.createAccount(name, { handle, email: `${name}@example.test`, password })
  accounts[name] = { did: sc.dids[name], handle, password }
}
await network.processAll()
console.log(JSON.stringify({ ready: true, pds: network.pds.url, appview: network.bsky.url, accounts }))

const lines = readline.createInterface({ input: process.stdin })
let queue = Promise.resolve()
lines.on('line', (line) => {
  queue = queue.then(async () => {
    if (line.trim() === 'process') {
      await network.processAll()
      console.log(JSON.stringify({ processed: true }))
    }
  })
})
lines.on('close', async () => {
  await queue
  await network.close()
  await dropSchemas(schema)
  process.exit(0)
})
