package dev.cairn.node.process;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test that runs once against real etcd and once against Cairn, taking the {@link ClusterImpl} as its parameter;
 * {@code -Dcluster.impl=etcd|cairn} selects one of them.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest
@EnumSource(ClusterImpl.class)
@interface OnEveryImpl {
}
