package io.plumbline.schemas.registry;

/**
 * The schema registry did not answer, or refused this client, for longer than it is asked again. Unchecked and
 * never turned into a dead letter: without the registry every record of the topic would be one, so the job
 * stops instead, and resumes from its checkpoint once the registry is back.
 */
public final class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
