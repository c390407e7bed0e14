/**
 * Databend values and result details beyond the R2DBC SPI. Nothing here is {@code null} unless marked
 * {@code @Nullable}.
 */
@NullMarked
package com.databend.r2dbc.api;

import org.jspecify.annotations.NullMarked;
