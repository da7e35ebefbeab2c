import { assertSafeDatabaseName, databaseNameOf, maintenanceUrlOf } from './postgres-url';

describe('PostgreSQL URLs', () => {
  it('finds the database a URL names', () => {
    expect(databaseNameOf('postgres://u:p@db:5432/toevlucht_housing?sslmode=require')).toBe(
      'toevlucht_housing',
    );
  });

  it('refuses a URL without a database', () => {
    expect(() => databaseNameOf('postgres://u:p@db:5432')).toThrow('names no database');
  });

  it('points at the same server and credentials for maintenance', () => {
    expect(maintenanceUrlOf('postgres://u:p@db:5432/toevlucht_housing?sslmode=require')).toBe(
      'postgres://u:p@db:5432/postgres?sslmode=require',
    );
  });

  it.each(['Registration', 'drop table', 'a"b', 'x'.repeat(64), '1abc'])(
    'refuses to create %j',
    (name) => {
      expect(() => assertSafeDatabaseName(name)).toThrow('lower-case identifier');
    },
  );

  it('accepts service database names', () => {
    expect(() => assertSafeDatabaseName('toevlucht_orafin_adapter')).not.toThrow();
  });
});
