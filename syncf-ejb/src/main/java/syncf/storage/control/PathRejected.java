package syncf.storage.control;

import syncf.error.InvalidInput;

/** A path SyncF will not touch; the detail says why without disclosing anything outside the base. */
public class PathRejected extends InvalidInput {

    public PathRejected(String detail) {
        super(detail);
    }

    @Override
    public String slug() {
        return "invalid-path";
    }

    @Override
    public String title() {
        return "Path not allowed";
    }
}
