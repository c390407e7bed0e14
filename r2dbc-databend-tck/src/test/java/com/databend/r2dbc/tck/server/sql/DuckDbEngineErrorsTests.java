package com.databend.r2dbc.tck.server.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbEngineErrorsTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    private DatabendError failure(String sql) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> this.fixture.run(sql));
        assertThat(thrown).as(sql).isInstanceOf(DatabendError.class);
        return (DatabendError) thrown;
    }

    @Test
    void unknownColumnIsTheExactGolden10Message() {
        DatabendError error = failure("select a");
        assertThat(error.code()).isEqualTo(1065);
        assertThat(error.getMessage())
            .isEqualTo("error: \n  --> SQL:1:8\n  |\n1 | select a\n  |        ^ column a doesn't exist\n\n");
    }

    @Test
    void unknownColumnOfATablePointsAtTheColumn() {
        this.fixture.run("create table t(a INT)");
        DatabendError error = failure("select zz from t");
        assertThat(error.code()).isEqualTo(1065);
        assertThat(error.getMessage()).isEqualTo(
            "error: \n  --> SQL:1:8\n  |\n1 | select zz from t\n  |        ^ column zz doesn't exist\n\n");
    }

    @Test
    void syntaxErrorIsACaretDiagram() {
        DatabendError error = failure("selec 1");
        assertThat(error.code()).isEqualTo(1005);
        assertThat(error.getMessage()).isEqualTo("error: \n  --> SQL:1:1\n  |\n1 | selec 1\n  | ^ unexpected `selec`\n\n");
        assertThat(failure("select 'abc").code()).isEqualTo(1005);
        assertThat(failure("create table x(a NOTATYPE)").code()).isEqualTo(1005);
    }

    @Test
    void unknownTableIsTheSpanFormOfGolden20() {
        DatabendError error = failure("select * from t");
        assertThat(error.code()).isEqualTo(1025);
        assertThat(error.getMessage()).isEqualTo(
            "error: \n  --> SQL:1:15\n  |\n1 | select * from t\n  |               ^ Unknown table \"default\".\"default\".t .\n\n");
    }

    @Test
    void selectStarWithoutFromIsGolden20() {
        DatabendError error = failure("select *");
        assertThat(error.code()).isEqualTo(1065);
        assertThat(error.getMessage()).isEqualTo("error: \n  --> SQL:1:8\n  |\n1 | select *\n  |        ^ "
            + "'SELECT *' is used without specifying any tables in the FROM clause.\n\n");
    }

    @Test
    void unknownTableAndDatabase() {
        DatabendError table = failure("select * from t_missing");
        assertThat(table.code()).isEqualTo(1025);
        assertThat(table.getMessage()).isEqualTo("error: \n  --> SQL:1:15\n  |\n1 | select * from t_missing\n"
            + "  |               ^ Unknown table \"default\".\"default\".t_missing .\n\n");
        this.fixture.run("create database other");
        assertThat(failure("select * from other.t_missing").getMessage())
            .isEqualTo("error: \n  --> SQL:1:15\n  |\n1 | select * from other.t_missing\n"
                + "  |               ^ Unknown table \"default\".\"other\".t_missing .\n\n");
        assertThat(failure("drop table t_missing").code()).isEqualTo(1025);
        DatabendError database = failure("select * from nodb.t");
        assertThat(database.code()).isEqualTo(1003);
        assertThat(database.getMessage()).isEqualTo("Unknown database 'nodb'");
        assertThat(failure("drop database nodb").getMessage()).isEqualTo("Unknown database 'nodb'");
        assertThatThrownBy(() -> this.fixture.run("select 1", EngineFixture.settings("nodb")))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1003));
    }

    @Test
    void alreadyExistingDatabaseAndTable() {
        this.fixture.run("create database db1");
        DatabendError database = failure("create database db1");
        assertThat(database.code()).isEqualTo(2301);
        assertThat(database.getMessage()).isEqualTo("Database 'db1' already exists");
        this.fixture.run("create table db1.t(a INT)");
        DatabendError table = failure("create table db1.t(a INT)");
        assertThat(table.code()).isEqualTo(2302);
        assertThat(table.getMessage()).isEqualTo("Table 't' already exists");
        this.fixture.run("create database if not exists db1");
        this.fixture.run("create table if not exists db1.t(b STRING)");
        assertThat(this.fixture.run("select * from db1.t").types()).containsExactly("Nullable(Int32)");
    }

    @Test
    void badCastsAreBadArguments() {
        assertThat(failure("select 'xx'::INT").code()).isEqualTo(1006);
        this.fixture.run("create table s(v STRING)");
        this.fixture.run("insert into s values ('a'), ('b')");
        DatabendError runtime = failure("select v::INT from s");
        assertThat(runtime.code()).isEqualTo(1006);
        assertThat(runtime.getMessage()).isEqualTo("Could not convert string 'a' to INT32 when casting from source column v");
    }

    @Test
    void unknownFunction() {
        DatabendError error = failure("select nofunc(1)");
        assertThat(error.code()).isEqualTo(1008);
        assertThat(error.getMessage()).isEqualTo(
            "error: \n  --> SQL:1:8\n  |\n1 | select nofunc(1)\n  |        ^ no function matches the given name: 'nofunc'\n\n");
    }

    @Test
    void notNullColumnRejectsNull() {
        this.fixture.run("create table nn(a INT NOT NULL)");
        assertThat(failure("insert into nn values (NULL)").code()).isEqualTo(1006);
    }
}
