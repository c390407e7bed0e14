/**
 * The R2DBC driver for Databend: {@link com.databend.r2dbc.DatabendConnectionFactoryProvider} answers
 * {@code r2dbc:databend://} URLs, {@link com.databend.r2dbc.DatabendConnectionConfiguration} builds a
 * {@link com.databend.r2dbc.DatabendConnectionFactory} without one. Nothing here is {@code null} unless
 * marked {@code @Nullable}.
 */
@NullMarked
package com.databend.r2dbc;

import org.jspecify.annotations.NullMarked;
