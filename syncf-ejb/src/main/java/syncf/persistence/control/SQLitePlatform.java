package syncf.persistence.control;

import java.util.Hashtable;
import org.eclipse.persistence.internal.databaseaccess.DatabaseCall;
import org.eclipse.persistence.internal.databaseaccess.FieldTypeDefinition;
import org.eclipse.persistence.internal.expressions.ExpressionSQLPrinter;
import org.eclipse.persistence.internal.expressions.SQLSelectStatement;
import org.eclipse.persistence.platform.database.DatabasePlatform;

/**
 * EclipseLink cannot detect SQLite and falls back to its generic platform, which pages with
 * scrollable cursors that sqlite-jdbc does not have. This platform pages with bound
 * {@code LIMIT ? OFFSET ?}, and leaves out what SQLite lacks: {@code ALTER TABLE ... ADD
 * CONSTRAINT} and {@code FOR UPDATE} (its writers are serialised by {@code BEGIN IMMEDIATE}).
 * Selected per server by {@code syncf.db.platform}; see docs/adr/0004.
 */
public class SQLitePlatform extends DatabasePlatform {

    private static final long serialVersionUID = 1L;

    @Override
    public void printSQLSelectStatement(DatabaseCall call, ExpressionSQLPrinter printer, SQLSelectStatement statement) {
        int maxRows = statement.getQuery() == null ? 0 : statement.getQuery().getMaxRows();
        int firstResult = statement.getQuery() == null ? 0 : statement.getQuery().getFirstResult();
        if (maxRows <= 0 && firstResult <= 0) {
            super.printSQLSelectStatement(call, printer, statement);
            return;
        }
        statement.setUseUniqueFieldAliases(true);
        call.setFields(statement.printSQL(printer));
        if (maxRows > 0) {
            printer.printString(" LIMIT ");
            printer.printParameter(DatabaseCall.MAXROW_FIELD);
        } else {
            printer.printString(" LIMIT -1");
        }
        printer.printString(" OFFSET ");
        printer.printParameter(DatabaseCall.FIRSTRESULT_FIELD);
        call.setIgnoreFirstRowSetting(true);
        call.setIgnoreMaxResultsSetting(true);
    }

    /** EclipseLink's max rows count the skipped rows too; SQL's LIMIT does not. */
    @Override
    public int computeMaxRowsForSQL(int firstResultIndex, int maxResults) {
        return maxResults - Math.max(firstResultIndex, 0);
    }

    @Override
    protected Hashtable<Class<?>, FieldTypeDefinition> buildFieldTypes() {
        Hashtable<Class<?>, FieldTypeDefinition> types = super.buildFieldTypes();
        types.put(Boolean.class, new FieldTypeDefinition("INTEGER", false));
        types.put(Integer.class, new FieldTypeDefinition("INTEGER", false));
        types.put(Long.class, new FieldTypeDefinition("INTEGER", false));
        types.put(String.class, new FieldTypeDefinition("TEXT", false));
        return types;
    }

    @Override
    public boolean supportsForeignKeyConstraints() {
        return false;
    }

    @Override
    public String getSelectForUpdateString() {
        return "";
    }
}
