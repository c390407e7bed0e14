/** Helpers of the driver, not part of its API. Nothing here is {@code null} unless marked {@code @Nullable}. */
@NullMarked
package com.databend.r2dbc.internal;

import org.jspecify.annotations.NullMarked;
