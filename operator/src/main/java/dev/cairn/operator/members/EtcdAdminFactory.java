package dev.cairn.operator.members;

/** Opens an {@link EtcdAdmin} for one cluster; the reconciler asks for one per reconcile and closes it. */
@FunctionalInterface
public interface EtcdAdminFactory {

    EtcdAdmin connect(AdminEndpoints endpoints);
}
