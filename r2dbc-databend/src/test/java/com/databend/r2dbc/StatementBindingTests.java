package com.databend.r2dbc;

import com.databend.r2dbc.internal.client.ClientSession;
import com.databend.r2dbc.internal.client.HttpTransport;
import io.r2dbc.spi.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SPI's client-side validation of bindings; nothing here reaches a server. */
class StatementBindingTests {

    private HttpTransport transport;
    private DatabendConnection connection;

    @BeforeEach
    void setUp() {
        DatabendConnectionConfiguration configuration = DatabendConnectionConfiguration.builder()
                .host("127.0.0.1").port(9).build();
        transport = HttpTransport.create(configuration);
        connection = new DatabendConnection(configuration, new ClientSession(transport, "default", null, Map.of()),
                "1.2.934-nightly");
    }

    @AfterEach
    void tearDown() {
        transport.close();
    }

    @Test
    void nullValueIsRejected() {
        DatabendStatement statement = connection.createStatement("SELECT ?");
        assertThatThrownBy(() -> statement.bind(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> statement.bindNull(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> statement.bind((String) null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongIndexIsOutOfBounds() {
        DatabendStatement statement = connection.createStatement("SELECT ?, ?");
        assertThatThrownBy(() -> statement.bind(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> statement.bind(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> statement.bindNull(5, String.class)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void unknownNameIsNoSuchElement() {
        DatabendStatement statement = connection.createStatement("SELECT :a");
        assertThatThrownBy(() -> statement.bind("b", 1)).isInstanceOf(NoSuchElementException.class);
        assertThatCode(() -> statement.bind("a", 1)).doesNotThrowAnyException();
    }

    @Test
    void unboundMarkersFailExecuteAndAdd() {
        assertThatThrownBy(() -> connection.createStatement("SELECT ?, ?").bind(0, 1).execute())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1");
        assertThatThrownBy(() -> connection.createStatement("SELECT ?, ?").bind(0, 1).add())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> connection.createStatement("SELECT ?").execute())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trailingAddFails() {
        assertThatThrownBy(() -> connection.createStatement("SELECT ?").bind(0, 1).add().execute())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("add()");
    }

    @Test
    void unsupportedValueClassIsRejected() {
        assertThatThrownBy(() -> connection.createStatement("SELECT ?").bind(0, new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void parametersInAreUnwrapped() {
        DatabendStatement statement = connection.createStatement("SELECT ?, ?")
                .bind(0, Parameters.in(42))
                .bind(1, Parameters.in(String.class));
        assertThatCode(statement::execute).doesNotThrowAnyException();
        assertThatThrownBy(() -> connection.createStatement("SELECT ?").bind(0, Parameters.out(String.class)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statementsWithoutMarkersExecuteWithoutBindings() {
        assertThatCode(() -> connection.createStatement("SELECT 1").execute()).doesNotThrowAnyException();
        assertThatThrownBy(() -> connection.createStatement(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverVersionSelectsParameterTransport() {
        assertThat(connection.supportsJsonParams()).isTrue();
        assertThat(ServerVersion.newerThan("1.2.900", 1, 2, 900)).isFalse();
        assertThat(ServerVersion.newerThan("v1.2.901-nightly", 1, 2, 900)).isTrue();
        assertThat(ServerVersion.newerThan("1.3.0", 1, 2, 900)).isTrue();
        assertThat(ServerVersion.newerThan("", 1, 2, 900)).isFalse();
        assertThat(ServerVersion.newerThan(null, 1, 2, 900)).isFalse();
    }

    @Test
    void savepointsAndOtherIsolationLevelsAreUnsupported() {
        reactor.test.StepVerifier.create(connection.createSavepoint("s1"))
                .expectError(UnsupportedOperationException.class).verify();
        reactor.test.StepVerifier.create(connection.setTransactionIsolationLevel(
                        io.r2dbc.spi.IsolationLevel.READ_COMMITTED))
                .expectError(UnsupportedOperationException.class).verify();
        assertThat(connection.getTransactionIsolationLevel().asSql()).isEqualTo("SNAPSHOT");
        assertThat(connection.isAutoCommit()).isTrue();
        assertThat(connection.getMetadata().getDatabaseProductName()).isEqualTo("Databend");
        assertThat(connection.getMetadata().getDatabaseVersion()).isEqualTo("1.2.934-nightly");
    }

    @Test
    void returnGeneratedValuesIsAcceptedAndNullRejected() {
        DatabendStatement statement = connection.createStatement("INSERT INTO t VALUES (1)");
        assertThat(statement.returnGeneratedValues()).isSameAs(statement);
        assertThat(statement.returnGeneratedValues("id")).isSameAs(statement);
        assertThatThrownBy(() -> statement.returnGeneratedValues((String[]) null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transactionDefinitionWithAnotherIsolationLevelFails() {
        io.r2dbc.spi.TransactionDefinition definition = new io.r2dbc.spi.TransactionDefinition() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getAttribute(io.r2dbc.spi.Option<T> option) {
                return option.equals(io.r2dbc.spi.TransactionDefinition.ISOLATION_LEVEL)
                        ? (T) io.r2dbc.spi.IsolationLevel.SERIALIZABLE : null;
            }
        };
        reactor.test.StepVerifier.create(connection.beginTransaction(definition))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("SERIALIZABLE"))
                .verify();
    }
}
