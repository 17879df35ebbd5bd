package dev.cairn.operator.model;

/** The stored EtcdCluster cannot be turned into objects; the message names the field and what to do. */
public class InvalidSpecException extends RuntimeException {

    public InvalidSpecException(String message) {
        super(message);
    }
}
