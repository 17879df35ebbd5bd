/**
 * How the operator talks to a cluster's members: the {@link dev.cairn.operator.members.EtcdAdmin} calls (the
 * etcdctl administration commands) and their results. The jetcd-backed implementation lives in the operator-app
 * module, because jetcd's Vert.x 5 cannot share a classpath with the Vert.x 4 of the fabric8 mock server the
 * reconciler tests run on.
 */
package dev.cairn.operator.members;
