module github.com/respec-dev/respec/schemacheck

go 1.26

require (
	github.com/respec-dev/respec v0.0.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
)

require (
	github.com/shopspring/decimal v1.4.0 // indirect
	golang.org/x/text v0.14.0 // indirect
)

replace github.com/respec-dev/respec => ../
