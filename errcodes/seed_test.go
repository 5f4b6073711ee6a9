package errcodes

import (
	"bufio"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// seedRow is one row of the API page's error table.
type seedRow struct {
	Status  int
	Code    string
	Message string
}

// seedRowRE matches a table row: an HTTP status, a code, and the message to the end of the line.
var seedRowRE = regexp.MustCompile(`^([1-5][0-9][0-9]) ([A-Za-z][A-Za-z0-9.]*) (.+)$`)

// readSeed extracts the error table of testdata/seed.txt, a checked-in copy of the API page.
func readSeed(t *testing.T) []seedRow {
	t.Helper()
	f, err := os.Open("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []seedRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := seedRowRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		status, _ := strconv.Atoi(m[1])
		rows = append(rows, seedRow{Status: status, Code: m[2], Message: m[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// The catalog is the API page's table, row by row: same count, order, status, code and
// message; the gateway's MissingParameter, Forbidden.RAM, InvalidAction.NotFound and
// InvalidVersion (InSeed false) are the only extra entries.
func TestCatalogMatchesSeed(t *testing.T) {
	rows := readSeed(t)
	if len(rows) != 77 {
		t.Fatalf("seed.txt has %d table rows, want 77", len(rows))
	}
	if SeedRows != len(rows) {
		t.Fatalf("SeedRows = %d, the seed has %d rows", SeedRows, len(rows))
	}
	var inSeed []Entry
	for _, e := range All() {
		if e.InSeed {
			inSeed = append(inSeed, e)
			continue
		}
		if e.ID != MissingParameter && e.ID != ForbiddenRAM && e.ID != InvalidActionNotFound && e.ID != InvalidVersion {
			t.Errorf("entry %d (%s) is not in the seed; only the four gateway errors may be", e.ID, e.Code)
		}
	}
	if len(inSeed) != len(rows) {
		t.Fatalf("%d entries are in the seed, the seed has %d rows", len(inSeed), len(rows))
	}
	for i, r := range rows {
		e := inSeed[i]
		if e.HTTPStatus != r.Status || e.Code != r.Code || e.Message != r.Message {
			t.Errorf("row %d: catalog has\n\t%d %s %q\nthe seed has\n\t%d %s %q", i+1, e.HTTPStatus, e.Code, e.Message, r.Status, r.Code, r.Message)
		}
		if int(e.ID) != i+1 {
			t.Errorf("row %d (%s) has ID %d, want %d (catalog order is the seed's)", i+1, r.Code, e.ID, i+1)
		}
	}
	mp := MissingParameter.Entry()
	if mp.InSeed || mp.HTTPStatus != 400 || mp.Code != "MissingParameter" {
		t.Errorf("MissingParameter = %+v", mp)
	}
	fr := ForbiddenRAM.Entry()
	if fr.InSeed || fr.HTTPStatus != 403 || fr.Code != "Forbidden.RAM" || fr.Retry != FixThenRetry ||
		!strings.Contains(fr.Condition, "ecs:ModifyPrepayInstanceSpec") {
		t.Errorf("Forbidden.RAM = %+v", fr)
	}
	if an := InvalidActionNotFound.Entry(); an.InSeed || an.HTTPStatus != 404 || an.Code != "InvalidAction.NotFound" || an.Retry != Final {
		t.Errorf("InvalidAction.NotFound = %+v", an)
	}
	if iv := InvalidVersion.Entry(); iv.InSeed || iv.HTTPStatus != 400 || iv.Code != "InvalidVersion" || iv.Retry != Final {
		t.Errorf("InvalidVersion = %+v", iv)
	}
	for _, r := range rows {
		switch r.Code {
		case "MissingParameter", "Forbidden.RAM", "InvalidAction.NotFound", "InvalidVersion":
			t.Errorf("the seed lists %s; it should then be InSeed", r.Code)
		}
	}
}

func TestEveryEntryComplete(t *testing.T) {
	if got := len(All()); got != Count {
		t.Fatalf("len(All()) = %d, want Count = %d", got, Count)
	}
	if Count != 81 {
		t.Errorf("Count = %d, want 81 (77 seed rows + MissingParameter, Forbidden.RAM, InvalidAction.NotFound, InvalidVersion)", Count)
	}
	for _, e := range All() {
		if e.Condition == "" {
			t.Errorf("%d %s has no Condition", e.HTTPStatus, e.Code)
		}
		if e.Message == "" {
			t.Errorf("%d %s has no Message", e.HTTPStatus, e.Code)
		}
		if s := e.Retry.String(); e.Retry < RetryAsIs || e.Retry > Final || s == "Unknown" {
			t.Errorf("%d %s has retry class %d (%s)", e.HTTPStatus, e.Code, e.Retry, s)
		}
		switch e.HTTPStatus {
		case 400, 401, 403, 404, 500, 503:
		default:
			t.Errorf("%s has HTTP status %d", e.Code, e.HTTPStatus)
		}
	}
}

func TestIDs(t *testing.T) {
	for id := ID(1); int(id) <= Count; id++ {
		if got := id.Entry().ID; got != id {
			t.Errorf("ID(%d).Entry().ID = %d", id, got)
		}
		if !id.Valid() {
			t.Errorf("ID(%d).Valid() = false", id)
		}
	}
	for _, id := range []ID{0, ID(Count + 1), 255} {
		if id.Valid() || id.Entry() != (Entry{}) || id.Code() != "" || id.HTTPStatus() != 0 {
			t.Errorf("ID(%d) outside the catalog: Valid %v, Entry %+v", id, id.Valid(), id.Entry())
		}
	}
	// A code under two statuses has two IDs, one per status.
	byCode := map[string][]Entry{}
	for _, e := range All() {
		byCode[e.Code] = append(byCode[e.Code], e)
	}
	twice := map[string][2]ID{
		"InvalidInstanceType.ValueUnauthorized": {InvalidInstanceTypeValueUnauthorized400, InvalidInstanceTypeValueUnauthorized401},
		"InvalidInstanceType.ValueNotSupported": {InvalidInstanceTypeValueNotSupported400, InvalidInstanceTypeValueNotSupported403},
		"Throttling":                            {Throttling400, Throttling403},
		"InvalidInstanceId.NotFound":            {InvalidInstanceIdNotFound400, InvalidInstanceIdNotFound404},
		"OperationDenied":                       {OperationDenied400, OperationDenied403},
		"InvalidInstanceStatus":                 {InvalidInstanceStatus400, InvalidInstanceStatus403},
	}
	for code, es := range byCode {
		want, ok := twice[code]
		if !ok {
			if len(es) != 1 {
				t.Errorf("%s has %d entries, want 1", code, len(es))
			}
			continue
		}
		if len(es) != 2 || es[0].ID != want[0] || es[1].ID != want[1] || es[0].HTTPStatus == es[1].HTTPStatus {
			t.Errorf("%s: entries %+v, want IDs %v under two statuses", code, es, want)
		}
	}
	for id, status := range map[ID]int{
		InvalidInstanceTypeValueUnauthorized400: 400, InvalidInstanceTypeValueUnauthorized401: 401,
		InvalidInstanceTypeValueNotSupported400: 400, InvalidInstanceTypeValueNotSupported403: 403,
		Throttling400: 400, Throttling403: 403,
		InvalidInstanceIdNotFound400: 400, InvalidInstanceIdNotFound404: 404,
		OperationDenied400: 400, OperationDenied403: 403,
		InvalidInstanceStatus400: 400, InvalidInstanceStatus403: 403,
	} {
		if id.HTTPStatus() != status {
			t.Errorf("%s: status %d, want %d", id.Code(), id.HTTPStatus(), status)
		}
	}
}

// All returns a fresh copy: changing it does not change the catalog.
func TestAllIsACopy(t *testing.T) {
	a := All()
	a[0].Code = "changed"
	a[0].HTTPStatus = 999
	if e := ID(1).Entry(); e.Code == "changed" || e.HTTPStatus == 999 {
		t.Error("changing All() changed the catalog")
	}
}

// The retry classes the documents' own words decide (issue: monthly quotas reset on the 1st,
// OrderCreationFailed says "try it again later", Forbidden.RAM needs a permission granted).
func TestDocumentedRetryClasses(t *testing.T) {
	for id, want := range map[ID]RetryClass{
		InstanceDowngradeQuotaExceed:    WaitThenRetry,
		QuotaExceedRufundVcpu:           WaitThenRetry,
		OrderCreationFailed:             RetryAsIs,
		ForbiddenRAM:                    FixThenRetry,
		OperationDenied400:              FixThenRetry,
		InvalidResourceTypeNotSupported: TryAnotherType,
	} {
		if got := id.Entry().Retry; got != want {
			t.Errorf("%s: retry %s, want %s", id.Code(), got, want)
		}
	}
	if !strings.Contains(OrderCreationFailed.Entry().Message, "try it again later") {
		t.Error("OrderCreationFailed's message no longer says to try again later")
	}
}
