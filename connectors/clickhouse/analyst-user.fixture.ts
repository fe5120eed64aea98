/**
 * The readonly analyst account for integration tests. The local stack configures it in users.xml (18.16 has no
 * SQL user management); on a current server without it (testcontainers) it is created with SQL.
 */
import { createClient, type ClickHouseClient } from '@clickhouse/client';

export const ANALYST_USER = 'tonstream_analyst';
export const ANALYST_PASSWORD = 'analyst';

export async function analystClient(serverUrl: string, database: string): Promise<ClickHouseClient | null> {
  const url = new URL(serverUrl);
  url.username = '';
  url.password = '';
  const connect = () =>
    createClient({ url: url.toString(), username: ANALYST_USER, password: ANALYST_PASSWORD, database });
  let client = connect();
  if (await canSelect(client)) return client;
  await client.close();
  const admin = createClient({ url: serverUrl });
  try {
    await admin.command({
      query: `CREATE USER IF NOT EXISTS ${ANALYST_USER} IDENTIFIED BY '${ANALYST_PASSWORD}' SETTINGS readonly = 1`,
    });
    await admin.command({ query: `GRANT SELECT ON *.* TO ${ANALYST_USER}` });
  } catch {
    return null;
  } finally {
    await admin.close();
  }
  client = connect();
  return (await canSelect(client)) ? client : null;
}

async function canSelect(client: ClickHouseClient): Promise<boolean> {
  try {
    await (await client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).json();
    return true;
  } catch {
    return false;
  }
}
