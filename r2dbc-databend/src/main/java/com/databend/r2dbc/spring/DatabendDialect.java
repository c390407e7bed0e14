package com.databend.r2dbc.spring;

import com.databend.r2dbc.api.DatabendInterval;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.relational.core.dialect.AbstractDialect;
import org.springframework.data.relational.core.dialect.ArrayColumns;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.data.relational.core.dialect.LockClause;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.LetterCasing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.Quoting;
import org.springframework.data.relational.core.sql.LockOptions;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Spring Data R2DBC's view of Databend: {@code LIMIT n OFFSET m}, no row locks, identifiers quoted with
 * backticks (accepted whatever the session's {@code sql_dialect}) and folded to lower case when unquoted,
 * and {@code ?} bind markers.
 */
public class DatabendDialect extends AbstractDialect implements R2dbcDialect {

    public static final DatabendDialect INSTANCE = new DatabendDialect();

    private static final BindMarkersFactory BIND_MARKERS = BindMarkersFactory.anonymous("?");

    private static final IdentifierProcessing IDENTIFIER_PROCESSING =
        IdentifierProcessing.create(new Quoting("`"), LetterCasing.LOWER_CASE);

    private static final LimitClause LIMIT_CLAUSE = new LimitClause() {

        @Override
        public String getLimit(long limit) {
            return "LIMIT " + limit;
        }

        @Override
        public String getOffset(long offset) {
            return "OFFSET " + offset;
        }

        @Override
        public String getLimitOffset(long limit, long offset) {
            return "LIMIT " + limit + " OFFSET " + offset;
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    // Databend has no SELECT ... FOR UPDATE: rendering nothing is the only way to let Spring run a locking query.
    private static final LockClause NO_LOCK_CLAUSE = new LockClause() {

        @Override
        public String getLock(LockOptions lockOptions) {
            return "";
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    private static final ArrayColumns ARRAY_COLUMNS = new ArrayColumns() {

        @Override
        public boolean isSupported() {
            return true;
        }

        @Override
        public Class<?> getArrayType(Class<?> userType) {
            return ArrayColumns.unwrapComponentType(userType);
        }
    };

    @Override
    public LimitClause limit() {
        return LIMIT_CLAUSE;
    }

    @Override
    public LockClause lock() {
        return NO_LOCK_CLAUSE;
    }

    @Override
    public ArrayColumns getArraySupport() {
        return ARRAY_COLUMNS;
    }

    @Override
    public IdentifierProcessing getIdentifierProcessing() {
        return IDENTIFIER_PROCESSING;
    }

    @Override
    public BindMarkersFactory getBindMarkersFactory() {
        return BIND_MARKERS;
    }

    @Override
    public Collection<? extends Class<?>> getSimpleTypes() {
        return List.of(BigInteger.class, ByteBuffer.class, Duration.class, DatabendInterval.class);
    }
}
