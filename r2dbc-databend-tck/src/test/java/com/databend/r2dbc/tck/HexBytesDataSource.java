package com.databend.r2dbc.tck;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * A data source for databend-jdbc 0.2.8 whose {@code PreparedStatement.setBytes} sends the bytes as hex text.
 *
 * <p>databend-jdbc 0.2.8 loads prepared INSERTs through a staged CSV file and writes {@code byte[]} values into
 * it as raw UTF-8 text, while Databend reads BINARY CSV fields as hex (its default {@code binary_format}), so
 * {@code setBytes} fails with "not a hexadecimal digit" on Databend as on the embedded server (later
 * databend-jdbc versions send {@code from_hex('...')}). Passing the hex text is what Databend expects.
 */
final class HexBytesDataSource extends DelegatingDataSource {

    HexBytesDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(super.getConnection(username, password));
    }

    private static Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (method, args) -> {
            Object result = method.invoke(connection, args);
            return result instanceof PreparedStatement statement && method.getName().equals("prepareStatement")
                    ? hexBytes(statement) : result;
        });
    }

    private static PreparedStatement hexBytes(PreparedStatement statement) {
        return proxy(PreparedStatement.class, statement, (method, args) -> {
            if (method.getName().equals("setBytes") && args.length == 2 && args[1] instanceof byte[] bytes) {
                statement.setString((Integer) args[0], HexFormat.of().formatHex(bytes));
                return null;
            }
            return method.invoke(statement, args);
        });
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return call.invoke(method, args == null ? new Object[0] : args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(HexBytesDataSource.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
