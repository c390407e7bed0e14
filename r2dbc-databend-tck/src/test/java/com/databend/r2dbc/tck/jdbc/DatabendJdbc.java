package com.databend.r2dbc.tck.jdbc;

import com.databend.r2dbc.tck.server.DatabendTestServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** databend-jdbc 0.2.8 connections to the embedded server. */
final class DatabendJdbc {

    private DatabendJdbc() {
    }

    /** A connection as {@code user} to the server's default database, with presigned URLs off. */
    static Connection connect(DatabendTestServer server, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("presigned_url_disabled", "true");
        return connect(server, user, password, properties);
    }

    /** A connection with the driver's default settings: batches are staged through {@code PRESIGN UPLOAD}. */
    static Connection connectWithDefaults(DatabendTestServer server, String user, String password)
        throws SQLException {
        return connect(server, user, password, new Properties());
    }

    private static Connection connect(DatabendTestServer server, String user, String password, Properties properties)
        throws SQLException {
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection("jdbc:databend://127.0.0.1:" + server.port() + "/default", properties);
    }
}
