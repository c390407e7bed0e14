package com.databend.r2dbc.spring;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.data.r2dbc.dialect.DialectResolver;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.relational.core.dialect.RenderContextFactory;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.core.sql.SQL;
import org.springframework.data.relational.core.sql.Select;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.data.relational.core.sql.render.SqlRenderer;
import org.springframework.r2dbc.core.binding.BindMarkers;
import org.springframework.r2dbc.core.binding.BindMarkersFactoryResolver;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DatabendDialectTests {

    private final DatabendDialect dialect = DatabendDialect.INSTANCE;

    @Test
    void rendersLimitAndOffsetAfterOrderBy() {
        Table books = Table.create("booklist");
        Select select = Select.builder().select(books.column("title")).from(books)
            .orderBy(books.column("title")).limitOffset(10, 20).build();

        String sql = SqlRenderer.create(new RenderContextFactory(this.dialect).createRenderContext()).render(select);

        assertThat(sql).isEqualTo("SELECT booklist.title FROM booklist ORDER BY booklist.title LIMIT 10 OFFSET 20");
        assertThat(this.dialect.limit().getLimit(5)).isEqualTo("LIMIT 5");
        assertThat(this.dialect.limit().getOffset(7)).isEqualTo("OFFSET 7");
    }

    @Test
    void rendersNoLockClause() {
        Table books = Table.create("booklist");
        Select select = Select.builder().select(books.column("title")).from(books)
            .lock(LockMode.PESSIMISTIC_WRITE).build();

        String sql = SqlRenderer.create(new RenderContextFactory(this.dialect).createRenderContext()).render(select);

        assertThat(sql).isEqualTo("SELECT booklist.title FROM booklist");
    }

    @Test
    void quotesIdentifiersWithBackticksAndFoldsUnquotedToLowerCase() {
        assertThat(this.dialect.getIdentifierProcessing().quote("Date")).isEqualTo("`Date`");
        assertThat(this.dialect.getIdentifierProcessing().standardizeLetterCase("BookList")).isEqualTo("booklist");
        assertThat(SQL.column("date", Table.create("t")).getName().toSql(this.dialect.getIdentifierProcessing()))
            .isEqualTo("date");
    }

    @Test
    void bindsWithQuestionMarks() {
        BindMarkers markers = this.dialect.getBindMarkersFactory().create();
        assertThat(markers.next().getPlaceholder()).isEqualTo("?");
        assertThat(markers.next("name").getPlaceholder()).isEqualTo("?");
    }

    @Test
    void knowsDatabendSimpleAndArrayTypes() {
        assertThat(this.dialect.getSimpleTypeHolder().isSimpleType(BigInteger.class)).isTrue();
        assertThat(this.dialect.getArraySupport().isSupported()).isTrue();
        assertThat(this.dialect.getArraySupport().getArrayType(Integer[][].class)).isEqualTo(Integer.class);
    }

    @Test
    void providersAreRegisteredAndRecogniseOnlyDatabend() {
        assertThat(SpringFactoriesLoader.loadFactories(DialectResolver.R2dbcDialectProvider.class, null))
            .hasAtLeastOneElementOfType(DatabendDialectProvider.class);
        assertThat(SpringFactoriesLoader.loadFactories(BindMarkersFactoryResolver.BindMarkerFactoryProvider.class, null))
            .hasAtLeastOneElementOfType(DatabendBindMarkersFactoryProvider.class);

        R2dbcDialect resolved = DialectResolver.getDialect(factoryNamed("Databend"));
        assertThat(resolved).isSameAs(this.dialect);
        assertThat(new DatabendDialectProvider().getDialect(factoryNamed("PostgreSQL"))).isEmpty();
        assertThat(new DatabendBindMarkersFactoryProvider().getBindMarkers(factoryNamed("PostgreSQL"))).isNull();
        assertThat(BindMarkersFactoryResolver.resolve(factoryNamed("Databend")).create().next().getPlaceholder())
            .isEqualTo("?");
    }

    private static ConnectionFactory factoryNamed(String name) {
        return new ConnectionFactory() {

            @Override
            public Publisher<? extends Connection> create() {
                throw new IllegalStateException("not used by the dialect resolution");
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return () -> name;
            }
        };
    }
}
