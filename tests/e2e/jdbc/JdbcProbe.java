// Drives pgjdbc (Debian's libpostgresql-jdbc-java) against a server:
// connects, runs the DatabaseMetaData calls tools make (DBeaver, IDEs,
// BI tools) and a prepared statement, and prints one line per result row
// as "call|col1|col2|..." for tests/e2e/test_pgwire_clients.py to check.
// Run: java -cp /usr/share/java/postgresql.jar JdbcProbe.java HOST PORT DB SCHEMA TABLE
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.Properties;

public class JdbcProbe {
  interface Call {
    ResultSet run() throws Exception;
  }

  // Prints the rows of one metadata call, or "call|ERROR|message".
  static void print(String call, Call c, String... columns) {
    try {
      print(call, c.run(), columns);
    } catch (Exception e) {
      System.out.println(call + "|ERROR|" + e.getMessage().split("\n")[0]);
    }
  }

  static void print(String call, ResultSet rs, String... columns) throws Exception {
    int rows = 0;
    while (rs.next()) {
      StringBuilder sb = new StringBuilder(call);
      for (String c : columns) sb.append('|').append(rs.getString(c));
      System.out.println(sb);
      rows++;
    }
    System.out.println(call + " rows=" + rows);
    rs.close();
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[2];
    Properties props = new Properties();
    props.setProperty("user", "copra");
    props.setProperty("sslmode", "disable");
    String schema = args[3];
    String table = args[4];
    try (Connection conn = DriverManager.getConnection(url, props)) {
      DatabaseMetaData md = conn.getMetaData();
      System.out.println("product|" + md.getDatabaseProductName() + "|"
          + md.getDatabaseMajorVersion());
      print("schemas", () -> md.getSchemas(), "TABLE_SCHEM");
      print("tables", () -> md.getTables(null, schema, "%", new String[] {"TABLE"}),
          "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
      print("columns", () -> md.getColumns(null, schema, table, "%"), "COLUMN_NAME",
          "TYPE_NAME", "DATA_TYPE", "IS_NULLABLE", "ORDINAL_POSITION");
      print("pk", () -> md.getPrimaryKeys(null, schema, table), "COLUMN_NAME", "KEY_SEQ",
          "PK_NAME");
      print("types", () -> md.getTypeInfo(), "TYPE_NAME");
      try (PreparedStatement ps = conn.prepareStatement(
               "SELECT host, usage FROM " + table + " WHERE usage > ? ORDER BY host")) {
        ps.setDouble(1, 0.1);
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData rsmd = rs.getMetaData();
          System.out.println("query types|" + rsmd.getColumnTypeName(1) + "|"
              + rsmd.getColumnTypeName(2));
          print("query", rs, "host", "usage");
        }
      }
      conn.setAutoCommit(false);
      try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) AS n FROM " + table)) {
        print("tx", ps.executeQuery(), "n");
      }
      conn.commit();
    }
  }
}
