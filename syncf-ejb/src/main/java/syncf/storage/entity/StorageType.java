package syncf.storage.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a job's files live: the local filesystem under the base directory, or an S3-compatible
 * store (a path is then {@code bucket/prefix}); which store and how to reach it is server
 * configuration ({@link syncf.storage.control.Stores}), never part of a job.
 */
public enum StorageType {
    LOCAL, S3;

    public static StorageType parse(String field, String value) {
        String supported = supportedNames();
        if (value == null || value.isBlank()) {
            throw new UnsupportedStorageType(field + " is empty; supported types: " + supported);
        }
        for (StorageType type : values()) {
            if (type.apiName().equals(value)) {
                return type;
            }
        }
        throw new UnsupportedStorageType(field + " \"" + value + "\" is not supported; supported types: " + supported);
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String supportedNames() {
        return Arrays.stream(values()).map(StorageType::apiName).collect(Collectors.joining(", "));
    }
}
