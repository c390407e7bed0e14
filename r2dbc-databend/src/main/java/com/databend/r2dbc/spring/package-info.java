/**
 * Spring Data R2DBC support: the Databend dialect and bind markers, registered in
 * {@code META-INF/spring.factories}. Nothing here is {@code null} unless marked {@code @Nullable}.
 */
@NullMarked
package com.databend.r2dbc.spring;

import org.jspecify.annotations.NullMarked;
