package syncf.storage.entity;

import syncf.error.InvalidInput;

public class UnsupportedStorageType extends InvalidInput {

    public UnsupportedStorageType(String detail) {
        super(detail);
    }

    @Override
    public String slug() {
        return "unsupported-storage-type";
    }

    @Override
    public String title() {
        return "Unsupported storage type";
    }
}
