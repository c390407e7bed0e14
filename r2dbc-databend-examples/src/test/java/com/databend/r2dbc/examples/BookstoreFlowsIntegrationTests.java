package com.databend.r2dbc.examples;

import com.databend.r2dbc.tck.DatabendTarget;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The three bookstore flows of the README's first command, each reading back exactly the tutorial's book. */
class BookstoreFlowsIntegrationTests {

    private static final String BOOK = "Readings in Database Systems Michael Stonebraker 2004";

    private static DatabendTarget target;

    private static ConnectionFactory user1;

    @BeforeAll
    static void createUser() {
        target = DatabendTarget.fromEnvironment();
        BookstoreUser.create(ConnectionFactories.get(target.r2dbcUrl("default"))).block(Duration.ofSeconds(30));
        user1 = ConnectionFactories.get(Bookstore.userUrl(target, "default"));
    }

    @AfterAll
    static void stopServer() {
        target.close();
    }

    @Test
    void plainR2dbcFlowReadsTheBookBack() {
        assertThat(BookstoreR2dbc.run(user1).collectList().block(Duration.ofSeconds(60))).containsExactly(BOOK);
    }

    @Test
    void databaseClientFlowReadsTheBookBack() {
        assertThat(BookstoreDatabaseClient.run(user1).collectList().block(Duration.ofSeconds(60))).containsExactly(BOOK);
    }

    @Test
    void springDataFlowReadsTheBookBackAfterItsTransaction() {
        assertThat(BookstoreSpringData.run(Bookstore.userUrl(target, "bookstore"))).containsExactly(BOOK);
    }
}
