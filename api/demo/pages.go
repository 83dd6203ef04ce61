package demo

// iisErrorPage is the page IIS shows for a 500 when custom errors are on.
const iisErrorPage = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>500 - Internal server error.</title>
<style type="text/css">
<!--
body{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;}
fieldset{padding:0 15px 10px 15px;}
h1{font-size:2.4em;margin:0;color:#FFF;}
h2{font-size:1.7em;margin:0;color:#CC0000;}
h3{font-size:1.2em;margin:10px 0 0 0;color:#000000;}
#header{width:96%;margin:0 0 0 0;padding:6px 2% 6px 2%;font-family:"trebuchet MS", Verdana, sans-serif;color:#FFF;
background-color:#555555;}
#content{margin:0 0 0 2%;position:relative;}
.content-container{background:#FFF;width:96%;margin-top:8px;padding:10px;position:relative;}
-->
</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>500 - Internal server error.</h2>
  <h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>
 </fieldset></div>
</div>
</body>
</html>
`

// serviceUnavailablePage is HTTP.sys's own 503 body (its missing space
// included), sent when the application pool is down.
const serviceUnavailablePage = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">
<HTML><HEAD><TITLE>Service Unavailable</TITLE>
<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>
<BODY><h2>Service Unavailable</h2>
<hr><p>HTTP Error 503. The service is unavailable.</p>
</BODY></HTML>
`

// proxyLoginPage is what a corporate web gateway answers, with 200, instead
// of forwarding the request: not a lead, whatever the status says.
const proxyLoginPage = `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Logga in – Företagets webbgateway</title>
</head>
<body>
<h1>Inloggning krävs</h1>
<p>Du måste logga in för att komma åt internet från företagets nätverk.</p>
<form method="post" action="/gateway/login">
<label>Användarnamn <input name="username" autocomplete="username"></label>
<label>Lösenord <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Logga in</button>
</form>
</body>
</html>
`
