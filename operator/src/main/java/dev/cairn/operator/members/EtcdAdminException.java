package dev.cairn.operator.members;

/** An etcd call failed: no member answered in time, or etcd refused the request (its message is kept). */
public class EtcdAdminException extends Exception {

    public EtcdAdminException(String message) {
        super(message);
    }

    public EtcdAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
