package syncf.task.entity;

import syncf.error.InvalidInput;

public class UnknownTaskStatus extends InvalidInput {

    public UnknownTaskStatus(String detail) {
        super(detail);
    }

    @Override
    public String slug() {
        return "unknown-task-status";
    }

    @Override
    public String title() {
        return "Unknown task status";
    }
}
