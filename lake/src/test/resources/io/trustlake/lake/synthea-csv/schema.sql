-- A hospital database shaped like Synthea's CSV export (Synthea 3.3.0), with a surrogate key on
-- the tables whose CSV rows have none. Loaded by RelationalConnectorTest with COPY ... FROM STDIN.
CREATE TABLE patients (
  id text PRIMARY KEY, birthdate date, deathdate date, ssn text, drivers text, passport text,
  prefix text, first text, middle text, last text, suffix text, maiden text, marital text,
  race text, ethnicity text, gender text, birthplace text, address text, city text, state text,
  county text, fips text, zip text, lat numeric, lon numeric, healthcare_expenses numeric,
  healthcare_coverage numeric, income numeric);
CREATE TABLE encounters (
  id text PRIMARY KEY, start timestamptz, stop timestamptz, patient text NOT NULL REFERENCES patients (id),
  organization text, provider text, payer text, encounterclass text, code text, description text,
  base_encounter_cost numeric, total_claim_cost numeric, payer_coverage numeric, reasoncode text,
  reasondescription text);
CREATE TABLE conditions (
  id bigserial PRIMARY KEY, start date, stop date, patient text NOT NULL REFERENCES patients (id),
  encounter text, system text, code text, description text);
CREATE TABLE observations (
  id bigserial PRIMARY KEY, date timestamptz, patient text NOT NULL REFERENCES patients (id),
  encounter text, category text, code text, description text, value text, units text, type text);
CREATE TABLE medications (
  id bigserial PRIMARY KEY, start timestamptz, stop timestamptz, patient text NOT NULL REFERENCES patients (id),
  payer text, encounter text, code text, description text, base_cost numeric, payer_coverage numeric,
  dispenses integer, totalcost numeric, reasoncode text, reasondescription text);
CREATE INDEX encounters_patient ON encounters (patient);
CREATE INDEX conditions_patient ON conditions (patient);
CREATE INDEX observations_patient ON observations (patient);
CREATE INDEX medications_patient ON medications (patient);
