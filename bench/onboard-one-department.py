"""Onboards one county department through HTTP against a running portal and times each step (README, "How long it
takes"). Usage: python3 bench/onboard-one-department.py http://127.0.0.1:5080 ADMIN_EMAIL ADMIN_PASSWORD bench/onboarding-set.json
on a portal whose database does not hold the county yet (e.g. a fresh Portal:DataPath). Standard library only."""
import html as htmllib, http.cookiejar, json, re, sys, time, urllib.parse, urllib.request, uuid

BASE = sys.argv[1]
ADMIN, ADMIN_PW = sys.argv[2], sys.argv[3]
SET = open(sys.argv[4], encoding="utf-8").read()

class Session:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
    def get(self, path):
        r = self.op.open(BASE + path); return r.geturl(), htmllib.unescape(r.read().decode("utf-8", "replace"))
    def token(self, path):
        _, html = self.get(path)
        return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)
    def post(self, path, handler, fields, token_from=None):
        fields = dict(fields); fields["__RequestVerificationToken"] = self.token(token_from or path)
        url = BASE + path + (f"?handler={handler}" if handler else "")
        r = self.op.open(url, urllib.parse.urlencode(fields).encode())
        return r.geturl(), htmllib.unescape(r.read().decode("utf-8", "replace"))
    def upload(self, path, handler, name, content, ctype, token_from=None):
        b = uuid.uuid4().hex
        tok = self.token(token_from or path)
        body = (f"--{b}\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{tok}\r\n"
                f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n").encode() + content + f"\r\n--{b}--\r\n".encode()
        req = urllib.request.Request(BASE + path + f"?handler={handler}", body, {"Content-Type": f"multipart/form-data; boundary={b}"})
        r = self.op.open(req); return r.geturl(), htmllib.unescape(r.read().decode("utf-8", "replace"))

steps = []
def step(name, f):
    t = time.perf_counter(); v = f(); steps.append((name, time.perf_counter() - t)); return v

def login(email, pw):
    s = Session(); s.post("/account/login", None, {"Input.Email": email, "Input.Password": pw}); return s

start = time.perf_counter()
admin = step("管理员登录", lambda: login(ADMIN, ADMIN_PW))
def regions():
    ids = {}
    parent = ""
    for name in ["江岚省", "临溪市", "青梧县"]:
        _, html = admin.post("/admin/regions", "Create", {"name": name, "parentId": parent})
        assert "已新建地区" in html, html[:500]
        _, tree = admin.get("/admin/regions"); tree = htmllib.unescape(tree)
        parent = re.search(r'href="/admin/regions\?edit=(\d+)">' + name + '<', tree).group(1)
        ids[name] = parent
    return ids
ids = step("建地区（省/市/县）", regions)
def department():
    url, html = admin.post("/admin/departments", "Create", {"regionId": ids["青梧县"], "name": "青梧县文化和旅游局", "code": "401", "slug": "qingwu-wenlv"})
    path = urllib.parse.urlparse(url).path
    admin.post(path, "Unit", {"unit.Code": "401001", "unit.Name": "青梧县文化和旅游局（本级）", "unit.Category": "Administrative", "unit.OwnOffice": "true"})
    admin.post(path, "Unit", {"unit.Code": "401002", "unit.Name": "青梧县文化馆", "unit.Category": "Institution"})
    return path.rsplit("/", 1)[1]
dept = step("建部门和两个单位", department)
def accounts():
    _, a = admin.post("/admin/accounts", "Create", {"email": "caiwu@qingwu.example", "displayName": "文旅局财务", "role": "staff", "password": "caiwu-initial-1", "departmentIds": dept})
    _, b = admin.post("/admin/accounts", "Create", {"email": "shenhe@qingwu.example", "displayName": "县财政局审核", "role": "reviewer", "password": "shenhe-initial-1", "regionIds": ids["青梧县"]})
    assert "已新建账户" in a and "已新建账户" in b
step("建填报和审核账户（含负责范围）", accounts)
def tableset():
    _, html = admin.upload("/admin/table-sets", "Upload", "qingwu.json", SET.encode(), "application/json")
    uploaded = re.search(r'name="Uploaded" value="([^"]+)"', html).group(1)
    _, done = admin.post("/admin/table-sets", "Activate", {"Uploaded": uploaded})
    assert "已启用表套" in done
step("上传并启用表套", tableset)
def first_sign_in(email, initial, chosen):
    s = Session(); s.post("/account/login", None, {"Input.Email": email, "Input.Password": initial})
    s.post("/account/password", None, {"Input.Current": initial, "Input.New": chosen, "Input.Confirm": chosen})
    return s
staff = step("填报人员首次登录改密码", lambda: first_sign_in("caiwu@qingwu.example", "caiwu-initial-1", "caiwu-chosen-22"))
def draft():
    url, _ = staff.post("/staff", "Create", {"Draft.DepartmentId": dept, "Draft.Year": "2027", "Draft.Kind": "Budget", "Draft.TableSet": "qingwu-county-budget"})
    return urllib.parse.urlparse(url).path
version = step("新建草稿", draft)
sset = json.loads(SET)
def fill():
    t = {t["code"]: t for t in sset["tables"]}
    def table(code, rows): 
        x = t[code]; return {"number": x["number"], "code": code, "title": x["title"], "unit": x["unit"], "decimals": 2, "columns": x["columns"], "rows": rows}
    doc = {"schema": "budgetportal/disclosure@1", "slug": "qingwu-wenlv-2027-budget", "title": "x", "region": ["江岚省", "临溪市", "青梧县"],
           "department": {"name": "青梧县文化和旅游局", "units": []}, "year": 2027, "kind": "budget", "sections": [],
           "tables": [
             table("summary", [{"cells": ["一、财政拨款收入", 1423456.78]}, {"cells": ["二、其他收入", 100000.00]}, {"role": "total", "cells": ["收入总计", 1523456.78]},
                               {"role": "total", "cells": ["支出总计", 1523456.78]}, {"cells": ["其中：“三公”经费", 123500.00]}]),
             table("expenditure", [{"role": "total", "cells": [None, "合计", 1523456.78, 1023456.78, 500000.00]},
                                   {"cells": ["207", "文化旅游体育与传媒支出", 1523456.78, 1023456.78, 500000.00]}, {"cells": ["20701", "文化和旅游", 1523456.78, 1023456.78, 500000.00]},
                                   {"cells": ["2070101", "行政运行", 1023456.78, 1023456.78, 0]}, {"cells": ["2070109", "群众文化", 500000.00, 0, 500000.00]}]),
             table("three_public", [{"role": "total", "cells": ["合计", 12.35]}, {"cells": ["1.因公出国（境）费", 0.00]}, {"cells": ["2.公务接待费", 2.15]}, {"cells": ["3.公务用车购置及运行费", 10.20]}]),
           ]}
    vid = version.rsplit("/", 1)[1]
    _, html = staff.upload(f"/staff/versions/{vid}/import", "Upload", "qingwu-2027.json", json.dumps(doc, ensure_ascii=False).encode(), "application/json", token_from=f"/staff/versions/{vid}/import")
    pending = re.search(r'name="pendingId" value="([^"]+)"', html)
    assert pending, html[:2000]
    url, page = staff.post(f"/staff/versions/{vid}/import", "Confirm", {"pendingId": pending.group(1)})
    assert "0 项不一致" in page, page[:2000]
step("填报（上传 JSON，预览，确认）", fill)
step("提交审核", lambda: staff.post(version, "Submit", {}))
reviewer = step("审核人员首次登录改密码", lambda: first_sign_in("shenhe@qingwu.example", "shenhe-initial-1", "shenhe-chosen-22"))
step("批复并公开", lambda: (reviewer.post(version, "Approve", {"approvedOn": "2027-01-20"}), reviewer.post(version, "Publish", {})))
_, public = Session().get("/disclosures/qingwu-wenlv-2027-budget")
assert "单位：万元" in public and "1,523,456.78" in public
total = time.perf_counter() - start
for name, t in steps: print(f"{t:7.2f} s  {name}")
print(f"{total:7.2f} s  合计（{len(steps)} 步）")
