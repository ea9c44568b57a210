package syncf.transfer.control;

import java.io.IOException;

/** Another copier holds this target's part file: a duplicate delivery backs off instead of writing too. */
public class TargetBusy extends IOException {

    public TargetBusy(String detail) {
        super(detail);
    }
}
