package errcodes

import "testing"

// The other APIs' entries: after ModifyPrepayInstanceSpec's catalog, each complete and naming
// its API; All stays ModifyPrepayInstanceSpec's.
func TestOtherAPIsEntries(t *testing.T) {
	all, every := All(), AllAPIs()
	if len(all) != Count || len(every) != len(all)+14 {
		t.Fatalf("All %d (Count %d), AllAPIs %d; want 14 entries of other APIs", len(all), Count, len(every))
	}
	apis := map[string]int{}
	for _, e := range every[len(all):] {
		if !e.ID.Valid() || e.ID.Entry() != e || e.InSeed || e.Code == "" || e.Message == "" || e.Condition == "" || e.Retry == 0 || e.HTTPStatus < 400 {
			t.Errorf("incomplete entry %+v", e)
		}
		apis[e.API]++
	}
	want := map[string]int{"": 1, APIDescribeResourcesModification: 8, APIDescribeInstanceModificationPrice: 5}
	for api, n := range want {
		if apis[api] != n {
			t.Errorf("%q has %d entries, want %d", api, apis[api], n)
		}
	}
	for _, e := range all {
		if want := map[bool]string{true: APIModifyPrepayInstanceSpec, false: ""}[e.InSeed]; e.API != want {
			t.Errorf("%s: API %q, want %q", e.Code, e.API, want)
		}
	}
	if e := New(InvalidAccessKeyIdNotFound, "AK"); e.HTTPStatus() != 404 || e.Code() != "InvalidAccessKeyId.NotFound" || e.Message() != "Specified access key is not found." {
		t.Errorf("InvalidAccessKeyId.NotFound: %v", e)
	}
	if e := InvalidInstanceTypeNotSupportUpgrade.Entry(); e.HTTPStatus != 403 || e.API != APIDescribeInstanceModificationPrice || e.Retry != TryAnotherType {
		t.Errorf("InvalidInstanceType.NotSupportUpgrade: %+v", e)
	}
}
